"""Grows a list of 100 MB blocks at import until memory runs out.
expect: memory limit
score: 0
"""

blocks = []
while True:
    blocks.append(bytearray(100 * 1024 * 1024))
