from miler.cli.main import main

raise SystemExit(main())
