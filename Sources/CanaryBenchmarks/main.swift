// `make bench`: prints measured figures. Never run by `make test`; nothing here asserts a time.
print("canary benchmarks")
