"""A multipart body built byte by byte, for file names no browser library would send (raw non-UTF-8
bytes, NUL, empty): the test client encodes names itself and cannot send those."""

BOUNDARY = b"----hostile-boundary-7f3a"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY.decode()}"


def multipart(fields: dict[str, str], files: list[tuple[str, bytes, bytes]]) -> bytes:
    """`files` are (field name, raw file name, content)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            b"--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + name.encode()
            + b'"\r\n\r\n'
            + value.encode()
            + b"\r\n"
        )
    for field, filename, content in files:
        parts.append(
            b"--" + BOUNDARY + b"\r\n"
            b'Content-Disposition: form-data; name="'
            + field.encode()
            + b'"; filename="'
            + filename
            + b'"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n" + content + b"\r\n"
        )
    return b"".join(parts) + b"--" + BOUNDARY + b"--\r\n"
