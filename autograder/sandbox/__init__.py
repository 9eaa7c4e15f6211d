"""How student code is run: in a separate, limited process that talks to the grader over a private socket.

- `codec`: messages of JSON and raw tensor bytes (never pickle) and their framing on a socket.
- `child`: the untrusted side. Runs the student's cells, then the drivers the grader asks for.
- `drivers`: what is done with a student's objects (build a module, load weights, call forward ...).
  The grader runs the same drivers on the reference solutions, so both sides are observed the same way.
- `limits`: what the child does to itself before it runs student code (rlimits, dropping root).
- `runner`: the grader's side. Starts the child, enforces the time and memory limits, kills every process
  the submission started.
"""
