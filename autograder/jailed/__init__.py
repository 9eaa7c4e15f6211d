"""What the jail mounts of the grader: everything the submission's process imports from this package, and
nothing else (a test holds that the child imports no module of the package outside this folder).

- `child`: the untrusted side's entry. Runs the student's cells, then the observers the grader asks for.
- `zygote`: a warm worker that forks one child per submission.
- `plain`: the child's entry where the Linux jail cannot run (Windows, macOS): a fresh interpreter that
  connects to the grader and serves it as `child` does, with the limits that platform has.
- `jail`, `limits`, `syscalls`, `seccomp`: the jail the child enters, the limits it puts on itself, the system
  calls they need, the seccomp filter.
- `codec`: messages of JSON and raw tensor bytes (never pickle) and their framing on a socket.
- `sealed`: probe values the child gets only after it has committed what it observed.
- `observe`: the observers (drivers): a generic part, the module observer, one file per chapter; the grader runs
  the very same observers on the reference, so both sides are observed the same way.
- `fixtures`: the small models the observers build.

Everything here may run in the student's process, which is the student's debugger: nothing here tells an
answer. The answers are in `autograder.answers`, which the jail never mounts and the student kit leaves out.
"""
