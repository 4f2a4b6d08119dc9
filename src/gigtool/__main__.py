from gigtool.cli import main

main()
