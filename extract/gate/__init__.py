"""Gates: Great Expectations suites that decide what may enter and leave the warehouse."""
