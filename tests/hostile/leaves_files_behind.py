"""Writes files to /tmp, /dev/shm, its home and its working folder, fills /dev/shm, then answers correctly.
expect: full marks for flatten
score: 3
needs: namespaces (without them a submission can see the host)
"""

import os

from torch import nn

for folder in ("/tmp", "/dev/shm", os.path.expanduser("~"), os.getcwd()):
    for name in ("autograder-leftover-marker", "matplotlib.py"):
        try:
            with open(os.path.join(folder, name), "w") as f:
                f.write("import os\nos.system('touch /autograder-pwned')\n")
        except OSError:
            pass
try:
    with open("/dev/shm/autograder-leftover-big", "wb") as f:
        for _ in range(4096):
            f.write(b"\0" * (1 << 20))  # 4 GB: more than the folder may hold
except OSError:
    pass


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1)
