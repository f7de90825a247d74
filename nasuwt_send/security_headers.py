"""The Content-Security-Policy and Permissions-Policy sent on every response, in DEBUG and production
alike (read by settings as CONTENT_SECURITY_POLICY and PERMISSIONS_POLICY).
"""

# No 'unsafe-inline' and no nonce on public pages: they are cached and served to everyone, and a
# cached nonce would be replayed to every visitor. Every script and style is a static file; the admin
# (never cached) is Django's own, which since 5.0 needs no inline script either. See docs/decisions/0035.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Everything the site never asks the browser for; WebAuthn (publickey-credentials-*) is left alone
# for the staff sign-in that may use it later.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
