// The quote selection page (evidence.admin.quotes), with JavaScript: select words in the member's text
// and press "Use the selected words" to copy them into the passage box and choose their source. Without
// JavaScript the same form takes a pasted passage; the server checks it either way.
for (const block of document.querySelectorAll("[data-quote-source]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Use the selected words";
  button.addEventListener("click", () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || !block.contains(selection.anchorNode)) {
      return;
    }
    // The member's words only: not the hidden reasons beside the marks; line breaks as spaces.
    const copy = selection.getRangeAt(0).cloneContents();
    copy.querySelectorAll(".union-redact-why").forEach((reason) => reason.remove());
    copy.querySelectorAll("br").forEach((lineBreak) => lineBreak.replaceWith(" "));
    const words = copy.textContent.trim();
    if (!words) {
      return;
    }
    document.getElementById("id_passage").value = words;
    const radio = document.querySelector(`input[name="source"][value="${block.dataset.quoteSource}"]`);
    if (radio) {
      radio.checked = true;
    }
    document.getElementById("id_passage").focus();
  });
  block.after(button);
}
