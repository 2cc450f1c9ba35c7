"""The application on top: the `mutasi` command, the runner that executes the Dagster job in process, and
`mutasi bench`. It may import both the domain core (`mutasi`, `validations`) and `orchestration`; nothing
imports it back (tests/test_architecture.py)."""
