"""Read a process's TCP/UDP sockets from /proc (psutil is not installed)."""

import ipaddress
import os
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

LISTEN = "0A"
UDP_UNCONNECTED = "07"


@dataclass(frozen=True)
class Connection:
    """One socket of a process: protocol, addresses and state."""

    protocol: str
    local: ipaddress.IPv4Address | ipaddress.IPv6Address
    local_port: int
    remote: ipaddress.IPv4Address | ipaddress.IPv6Address
    state: str


def _address(text: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]:
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    # /proc prints each 32-bit word in host byte order.
    words = struct.unpack(f"<{len(raw) // 4}I", raw)
    swapped = struct.pack(f">{len(words)}I", *words)
    family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
    address = ipaddress.ip_address(socket.inet_ntop(family, swapped))
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address, int(port, 16)


def process_group(leader: int) -> list[int]:
    """Return the pids whose process group is `leader`'s (the servers start their own)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == leader:
            pids.append(int(entry.name))
    return pids


def connections(pid: int) -> list[Connection]:
    """Return the internet sockets `pid` holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for protocol in ("tcp", "tcp6", "udp", "udp6"):
        lines = Path(f"/proc/{pid}/net/{protocol}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            if fields[9] not in inodes:
                continue
            local, local_port = _address(fields[1])
            remote, _ = _address(fields[2])
            found.append(Connection(protocol, local, local_port, remote, fields[3]))
    return found


def environment(pid: int) -> dict[str, str]:
    """Return the environment `pid` was started with."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)
    return dict(pairs)
