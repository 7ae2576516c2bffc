from linter.cli import console_main

console_main()
