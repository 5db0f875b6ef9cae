"""Runs every test_*.py module in this folder against the loonflowd binary
given as the first argument. A module may define setup(binary) returning a
context passed to each test function, and teardown(ctx)."""
import importlib.util
import os
import sys
import traceback

def main():
    binary = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    only = sys.argv[2] if len(sys.argv) > 2 else None
    passed = failed = 0
    for name in sorted(os.listdir(here)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(here, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        tests = [(n, f) for n, f in vars(mod).items() if n.startswith("test_") and callable(f)]
        tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
        ctx = None
        try:
            ctx = mod.setup(binary) if hasattr(mod, "setup") else binary
        except Exception:
            print("FAIL %s setup" % name)
            traceback.print_exc(file=sys.stdout)
            failed += len(tests)
            continue
        for tname, fn in tests:
            if only and only not in tname:
                continue
            try:
                fn(ctx)
                passed += 1
                print("ok   %s.%s" % (name[:-3], tname))
            except Exception:
                failed += 1
                print("FAIL %s.%s" % (name[:-3], tname))
                traceback.print_exc(file=sys.stdout)
        if hasattr(mod, "teardown"):
            mod.teardown(ctx)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
