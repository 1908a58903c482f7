// Placeholder: delete when the first real file of this module lands.
