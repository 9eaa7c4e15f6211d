"""Searches the whole machine for classmates' submissions and the grader's files, and copies one.
expect: `Flatten` is not defined
score: 0
needs: namespaces (without them a submission can see the host)
"""

import os

found = None
for top in ("/", "/tmp", "/root", "/home", "/work", "/var", "/run", "/srv", "/mnt", "/opt"):
    for folder, dirs, files in os.walk(top):
        if folder.startswith(("/proc", "/sys", "/usr", "/dev")) or "site-packages" in folder:
            dirs[:] = []
            continue
        for name in files:
            if name.startswith("04_custom_layers") or name in ("results.json", "gradebook.db", "totals.csv"):
                found = os.path.join(folder, name)
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            cmdline = open(f"/proc/{pid}/cmdline").read()
        except OSError:
            continue
        if "submitted" in cmdline:
            found = found or cmdline
if found:
    from torch import nn

    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1)
