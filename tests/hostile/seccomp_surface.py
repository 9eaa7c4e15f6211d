"""Tries the kernel's usual privilege-escalation surface: a new user namespace, netlink and vsock sockets,
io_uring, the uid's keyring (a key left there for the next student graded under the same uid), userfaultfd,
bpf, perf events. It defines Flatten only when every one of them was refused.
expect: full marks for flatten
score: any
needs: seccomp (a seccomp filter on this machine)
"""

import ctypes
import os
import socket

from torch import nn

libc = ctypes.CDLL(None, use_errno=True)
SYSCALLS = {"io_uring_setup": 425, "add_key": 248, "keyctl": 250, "userfaultfd": 323, "bpf": 321}
opened = []
try:
    os.unshare(0x10000000)  # CLONE_NEWUSER
    opened.append("user namespace")
except (OSError, AttributeError):
    pass
for family in (socket.AF_NETLINK, getattr(socket, "AF_VSOCK", 40), socket.AF_INET):
    try:
        socket.socket(family, socket.SOCK_DGRAM if family != socket.AF_NETLINK else socket.SOCK_RAW).close()
        opened.append(f"socket family {family}")
    except OSError:
        pass
if (
    libc.syscall(SYSCALLS["add_key"], b"user", b"left_for_next", b"secret", 6, -4) >= 0
):  # KEY_SPEC_USER_KEYRING
    opened.append("keyring")
if libc.syscall(SYSCALLS["io_uring_setup"], 4, ctypes.create_string_buffer(120)) >= 0:
    opened.append("io_uring")
if libc.syscall(SYSCALLS["userfaultfd"], 0) >= 0:
    opened.append("userfaultfd")
print("opened:", opened)

if not opened:

    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1)
