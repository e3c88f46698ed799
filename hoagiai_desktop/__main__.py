from hoagiai_desktop.app import main

raise SystemExit(main())
