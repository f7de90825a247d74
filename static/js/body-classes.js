// Runs first thing in <body>, before anything is drawn: tells govuk-frontend's CSS that JavaScript
// is on, and, where the browser runs ES modules, that govuk-frontend's components may initialise.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
