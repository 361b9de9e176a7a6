"""Security headers shared by pages (starlight.middleware) and static files (WhiteNoise).

Kept free of Django imports: the settings module names `static_file_headers` for WhiteNoise.
"""

# No page asks for these; saying so stops an injected frame or script from asking either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb",
    )
)  # fmt: skip
STATIC_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; sandbox"


def static_file_headers(headers, path, url):
    """WhiteNoise's hook: the same protections on static files as on pages."""
    headers["Content-Security-Policy"] = STATIC_POLICY
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
