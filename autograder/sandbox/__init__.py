"""The grader's side of the sandbox: what starts, watches and believes (or not) a submission's process.

- `runner`: starts the child (forked from a warm worker, or spawned), talks to it under a deadline and a CPU
  time limit, reveals a probe's sealed values only after the child's commit, kills every process the
  submission started. Where the Linux jail cannot run (`runner.linux_jail()`: Windows, macOS), the child is
  a plain process (`runner.Plain`), with the limits that platform has.
- `cgroups`: a control group per submission (memory, processes, a CPU share), created by the grader.
- `schema`: the form of each driver's observation, checked before any check reads it.

What runs inside the jail is in `autograder.jailed`, which is all the jail mounts of the package.
"""
