"""A process group's sockets and environment, read with psutil."""

import contextlib
import ipaddress
import os
import socket
from dataclasses import dataclass

import psutil

LISTEN = psutil.CONN_LISTEN
UDP_UNCONNECTED = psutil.CONN_NONE


@dataclass(frozen=True)
class Connection:
    """One internet socket of a process: protocol, addresses and state."""

    protocol: str
    local: ipaddress.IPv4Address | ipaddress.IPv6Address
    local_port: int
    remote: ipaddress.IPv4Address | ipaddress.IPv6Address
    state: str


def _address(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def process_group(leader: int) -> list[int]:
    """Return the pids whose process group is `leader`'s (the servers start their own)."""
    pids = []
    for pid in psutil.pids():
        # psutil has no process-group query; the pid list is its, the group the kernel's.
        with contextlib.suppress(ProcessLookupError):
            if os.getpgid(pid) == leader:
                pids.append(pid)
    return pids


def connections(pid: int) -> list[Connection]:
    """Return the internet sockets `pid` holds open."""
    found = []
    for conn in psutil.Process(pid).net_connections(kind="inet"):
        protocol = "tcp" if conn.type == socket.SOCK_STREAM else "udp"
        unspecified = "::" if conn.family == socket.AF_INET6 else "0.0.0.0"
        remote_ip = conn.raddr.ip if conn.raddr else unspecified
        found.append(
            Connection(
                protocol, _address(conn.laddr.ip), conn.laddr.port, _address(remote_ip), conn.status
            )
        )
    return found


def environment(pid: int) -> dict[str, str]:
    """Return the environment `pid` was started with."""
    return psutil.Process(pid).environ()
