"""The answers: everything the student kit leaves out, and the jail never mounts.

- one module per chapter of reference solutions (`modules`, `containers`, ... `train_eval`): the one place
  where each exercise's correct behaviour is written down;
- `mistakes/`: the known mistakes' wrong variants, one module per chapter;
- `live`: the oracle that runs them in the grader's process; `record`: what writes their observations for the
  student kit; `sync`: what copies the reference into the solution notebooks (`make exercises`).

The grader runs the reference in its own process, on the same weights and inputs it gives the student's code,
and compares.
"""
