from cjmap.cli import main

raise SystemExit(main())
