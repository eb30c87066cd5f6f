from debtscan.cli import main

main()
