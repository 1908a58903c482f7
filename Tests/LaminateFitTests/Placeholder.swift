// Placeholder: delete when the first real test file lands.
