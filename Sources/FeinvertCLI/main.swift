// Placeholder entry point, replaced by the command tree.
print("feinvert")
