#!/usr/bin/env python
from sobhxh.manage import main

if __name__ == "__main__":
    main()
