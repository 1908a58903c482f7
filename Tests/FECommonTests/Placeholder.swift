// Placeholder: delete when the first real test file of this target lands.
