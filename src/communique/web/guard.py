"""What every response of the web view carries: security headers, and a Host check against DNS rebinding."""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts come only from this server (BokehJS and the page script); Bokeh sets inline styles on the charts it
# draws, so styles may be inline; nothing is framed, and forms and fetches stay on this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(value: str | None) -> str | None:
    """The host part of a Host header or host name, lower-cased, without port or brackets (None when malformed)."""
    if value is None:
        return None
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        name, rest = value[1:end], value[end + 1:]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        try:
            return ipaddress.IPv6Address(name).compressed
        except ValueError:
            return None
    else:
        name, colon, port = value.partition(":")
        if colon and not port.isdigit():
            return None
    name = name.rstrip(".")
    try:
        return ipaddress.ip_address(name).compressed
    except ValueError:
        pass
    if not name or ":" in name or any(c in name for c in "/\\@ \t") or not name.isascii():
        return None
    return name


def allowed_name(entry: str) -> str | None:
    """An entry of a list of allowed hosts in the form host_name gives: a name, an address (IPv6 bare or not)."""
    try:
        return ipaddress.ip_address(entry.strip().strip("[]")).compressed
    except ValueError:
        return host_name(entry)


def bound_hosts(bind: str) -> list[str]:
    """Host names a server bound to this address answers to: the address, and this machine's names on 0.0.0.0."""
    hosts = [bind]
    if bind.strip("[]") in ("0.0.0.0", "::", ""):
        hosts += [socket.gethostname(), socket.getfqdn()]
    return [h for h in hosts if h]


def http_url(value: object) -> str | None:
    """The value when it is an absolute http(s) URL safe to link, else None (javascript:, data: and the like)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


class Guard:
    """ASGI middleware: security headers on every response; requests naming another Host get 400."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        names = list(LOOPBACK_HOSTS) + list(allowed_hosts or [])
        self.any_host = "*" in names
        self.allowed = {h for h in (allowed_name(n) for n in names if n != "*") if h}

    def allows(self, host: str | None, scope: Scope) -> bool:
        """True for the loopback names, the allowed hosts and the address the request came in on."""
        if self.any_host:
            return True
        name = host_name(host)
        if name is None:
            return False
        if name in self.allowed:
            return True
        server = scope.get("server")
        if server and server[0]:
            local = allowed_name(str(server[0]))
            mapped = None
            if local and ":" in local:
                v4 = ipaddress.IPv6Address(local).ipv4_mapped
                mapped = v4.compressed if v4 else None
            return name in (local, mapped)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Host, then pass the request on with the security headers added to its response."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers[key] = value
            await send(message)

        host = Headers(scope=scope).get("host")
        if self.allows(host, scope):
            await self.app(scope, receive, send_secured)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.reject(scope, host, send_secured)

    async def reject(self, scope: Scope, host: str | None, send: Send) -> None:
        """Answer 400 naming the Host that was refused."""
        given = "a request without a Host header" if host is None else f"the Host header {host!r}"
        detail = (f"This server does not answer to {given}. It answers to localhost, 127.0.0.1, [::1], the "
                  "address it is bound to and the host names it was started with, so that a page on another "
                  "site cannot reach it through a name of its own (DNS rebinding).")
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"error": "Bad host", "detail": detail}).encode()
            media = "application/json"
        else:
            body = f"Bad request: {detail}\n".encode()
            media = "text/plain; charset=utf-8"
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
