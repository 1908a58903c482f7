// Placeholder: this module's sources arrive with its first real file; delete this file then.
