/// The inversions beyond laminates (`shared/spec/apps.md`): biological, physical and
/// privacy problems solved on the generic `Inversion` layer and the `SparseSolve`
/// layer, with no optimizer of their own. Each example lives in its own folder;
/// its CSV reading and report writing are in `FeinvertIO/Examples`, its command in
/// `FeinvertCLI/Apps`.
public enum InversionExamples {}
