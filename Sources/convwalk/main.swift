import ConvwalkCLI

Convwalk.main()
