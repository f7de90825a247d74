"""The member of the fault tests: a browser without JavaScript, walking the real evidence form.

It keeps its own cookies (so the production settings' Secure cookies work over plain HTTP), reads the
CSRF token from each form, follows redirects and times every request.
"""

import http.client
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Exchange:
    """One request and its answer: ``status`` 0 means no answer at all (refused, reset, timed out)."""

    method: str
    path: str
    status: int
    seconds: float


@dataclass
class Response:
    status: int
    path: str
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path or ""


@dataclass
class Form:
    action: str = ""
    multipart: bool = False
    values: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)  # radios and selects: their values
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def filled(self, answers: dict[str, str | list[str]]) -> list[tuple[str, str]]:
        """What a member sends: the page's own values, their answers, the first option elsewhere."""
        values = {name: list(given) for name, given in self.values.items()}
        for name, answer in answers.items():
            values[name] = [answer] if isinstance(answer, str) else list(answer)
        for name, choices in self.options.items():
            if not any(values.get(name, [])):
                values[name] = [next(choice for choice in choices if choice)]
        pairs = [(name, value) for name, given in values.items() for value in given]
        # The member goes on; "Save and come back later" is a button of its own they do not press.
        named = [button for button in self.buttons if button[0] and button[1] != "save"]
        if named:
            pairs.append(next((b for b in named if b[1] == "continue"), named[0]))
        return pairs


class FormParser(HTMLParser):
    """Reads the page's POST form the way a browser would submit it (inputs, radios, selects...)."""

    def __init__(self):
        super().__init__()
        self.form: Form | None = None
        self._done = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if self._done:
            return
        if tag == "form" and a.get("method", "").lower() == "post" and self.form is None:
            self.form = Form(action=a.get("action", ""), multipart="multipart" in a.get("enctype", ""))
            return
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                self.form.values.setdefault(name, [])
                if kind == "radio":
                    self.form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.form.values[name].append(a.get("value", "on"))
            elif kind == "file":
                self.form.files.append(name)
            elif kind not in ("submit", "button", "image", "reset"):
                self.form.values[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select = name
            self.form.values[name] = []
            self.form.options[name] = []
        elif tag == "option" and self._select:
            self.form.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self.form.values[self._select] = [a.get("value", "")]
        elif tag == "textarea" and name:
            self._textarea = name
            self.form.values[name] = [""]
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.buttons.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea and self.form is not None:
            self.form.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.form is not None:
            self._done = True


def parse_form(html: str) -> Form:
    parser = FormParser()
    parser.feed(html)
    if parser.form is None:
        raise AssertionError(f"No form on the page:\n{html[:2000]}")
    return parser.form


REFERENCE = re.compile(r'class="union-reference">\s*([A-Z0-9-]+)\s*<')
ERROR_SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
SENT = "/evidence/sent/"
MAX_PAGES = 30
# Files a member attaches: (name, content) pairs.
Files = tuple[tuple[str, bytes], ...] | list[tuple[str, bytes]]


class JourneyFailed(AssertionError):
    pass


class Member:
    """A member's browser: cookies (kept over plain HTTP, as ``Secure`` cookies would be over TLS),
    CSRF tokens read from each form, redirects followed, every request timed.

    With ``patience`` (seconds), a "try again shortly" page (503) or no answer at all is met the way
    the page asks: wait a moment and send the same thing again.
    """

    def __init__(self, base_url: str, *, patience: float = 0.0, timeout: float = 15.0):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.patience = patience
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.exchanges: list[Exchange] = []
        self.unavailable_pages: list[str] = []

    # --- HTTP -----------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> Response:
        deadline = time.monotonic() + self.patience
        while True:
            response = self._once(method, path, body, content_type)
            if response.status not in (0, 503) or time.monotonic() > deadline:
                return response
            if response.status == 503:
                self.unavailable_pages.append(response.body)
            time.sleep(0.3)

    def _once(self, method: str, path: str, body: bytes | None, content_type: str) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "fault-test-member"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                self._keep_cookie(header)
            response = Response(answer.status, path, {k.lower(): v for k, v in answer.getheaders()}, text)
        except OSError as exc:
            response = Response(0, path, {}, f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()
        self.exchanges.append(Exchange(method, path, response.status, time.monotonic() - started))
        return response

    def _keep_cookie(self, header: str) -> None:
        name, _, rest = header.partition("=")
        value, *attributes = rest.split(";")
        expired = any(a.strip().lower() in ("max-age=0",) for a in attributes) or (
            value == '""' and any("expires=thu, 01 jan 1970" in a.lower() for a in attributes)
        )
        if expired:
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: Form, answers: dict, files: Files = ()) -> Response:
        pairs = form.filled(answers)
        if form.multipart:
            body, content_type = _multipart(pairs, form.files, files)
        else:
            body, content_type = urllib.parse.urlencode(pairs).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, content_type)

    def follow(self, response: Response) -> Response:
        for _ in range(10):
            if response.status not in (301, 302, 303):
                return response
            response = self.get(response.location)
        raise JourneyFailed(f"Too many redirects at {response.path}")

    # --- The journey ----------------------------------------------------------------------------

    def open_journey(self) -> Response:
        """Start "Send evidence" and land on its first page."""
        return self.follow(self.get("/evidence/send/"))

    def answer(self, page: Response, answers: dict[str, dict], files: Files = ()) -> Response:
        """Fill in and send the form on ``page`` with this step's answers (and ``files`` in its file
        input, if it has one); the raw response."""
        form = parse_form(page.body)
        step = page.path.rstrip("/").rsplit("/", 1)[-1]
        return self.post(form.action or page.path, form, answers.get(step, {}), files)

    def send_evidence(self, answers: dict[str, dict], page: Response | None = None, files: Files = ()) -> str:
        """Walk "Send evidence" (from ``page``, or the start) to the confirmation; return its reference.

        ``files``, (name, content) pairs, are attached on the page with a file input.
        """
        page = page or self.open_journey()
        for _ in range(MAX_PAGES):
            if page.status != 200:
                raise JourneyFailed(f"{page.path} answered {page.status}: {page.body[:500]}")
            if page.path == SENT:
                found = REFERENCE.search(page.body)
                if not found:
                    raise JourneyFailed(f"No reference on the confirmation page:\n{page.body[:2000]}")
                return found.group(1)
            response = self.answer(page, answers, files)
            if response.status == 200:
                errors = ERROR_SUMMARY.search(response.body)
                detail = re.sub(r"<[^>]+>", " ", errors.group(1)) if errors else response.body[:1000]
                raise JourneyFailed(f"{page.path} was not accepted: {' '.join(detail.split())}")
            page = self.follow(response)
        raise JourneyFailed(f"Still not sent after {MAX_PAGES} pages; at {page.path}")


def _multipart(pairs: list[tuple[str, str]], file_fields: list[str], files: Files = ()) -> tuple[bytes, str]:
    """A browser's multipart body: ``files`` in the first file input; a file input with nothing
    chosen sends an empty, nameless file."""
    boundary = f"----fault-test-{uuid.uuid4().hex}"
    lines: list[bytes] = []
    for name, value in pairs:
        lines += [f"--{boundary}".encode(), f'Content-Disposition: form-data; name="{name}"'.encode(), b""]
        lines.append(value.encode())
    for number, name in enumerate(file_fields):
        chosen = files if number == 0 and files else [("", b"")]
        for filename, content in chosen:
            lines += [
                f"--{boundary}".encode(),
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'.encode(),
                b"Content-Type: application/octet-stream",
                b"",
                content,
            ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"
