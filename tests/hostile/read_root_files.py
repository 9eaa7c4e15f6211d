"""Reads files only root may read (password hashes, root's home, the grader's processes' environment).
expect: `Flatten` is not defined
score: 0
needs: namespaces (without them a submission can see the host)
"""

stolen = []
for path in (
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/sudoers",
    "/root/.bashrc",
    "/root/.profile",
    "/proc/1/environ",
):
    try:
        with open(path, "rb") as f:
            stolen.append(f.read(100))
    except OSError:
        pass
if stolen:
    from torch import nn

    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1)
