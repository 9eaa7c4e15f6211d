"""Connects to a service on the host's loopback (the test listens on 127.0.0.1:47923) and to the internet.
expect: `Flatten` is not defined
score: 0
needs: namespaces (without them a submission can see the host)
"""

import socket

reached = []
for host, port in (("127.0.0.1", 47923), ("localhost", 47923), ("1.1.1.1", 53), ("pypi.org", 443)):
    try:
        socket.create_connection((host, port), timeout=2).close()
        reached.append(host)
    except OSError:
        pass
if reached:
    from torch import nn

    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1)
