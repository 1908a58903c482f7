// Tests of the module are in this folder's other files; this one keeps the target non-empty while they are written.
