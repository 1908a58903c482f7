import FECommon
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file so that readers see either the old file or the whole new one.
///
/// The bytes go to a temporary file in the same directory (`.<name>.tmp-<pid>-<n>`),
/// which is flushed with `fsync` and then renamed over `path` (rename is atomic
/// within one file system); the directory is then synced (best effort). On any
/// failure the temporary file is removed and nothing at `path` changes.
///
/// - Parameters:
///   - bytes: the complete contents.
///   - path: the destination; used verbatim in error messages.
/// - Throws: `InputError` (exit code 2) naming `path` and the system's reason, for
///   example when the directory does not exist or is not writable.
public func writeAtomically(_ bytes: [UInt8], to path: String) throws {
  let slash = path.lastIndex(of: "/")
  let prefix = slash.map { String(path[...$0]) } ?? ""
  let directory = prefix.isEmpty ? "." : prefix
  let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
  guard !name.isEmpty else {
    throw InputError("found a directory name; expected a file name to write", at: SourceLocation(file: path))
  }
  let temp = prefix + ".\(name).tmp-\(getpid())-\(AtomicWriteCounter.next())"

  func failure(_ what: String, _ code: Int32) -> InputError {
    InputError("cannot \(what) (\(String(cString: strerror(code)))); expected a writable location",
               at: SourceLocation(file: path))
  }

  let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
  guard fd >= 0 else { throw failure("create a temporary file next to it", errno) }
  var ok = false
  defer {
    if !ok { unlink(temp) }
  }
  var written = 0
  let writeError: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
    guard let base = raw.baseAddress else { return nil }
    while written < raw.count {
      let n = write(fd, base + written, raw.count - written)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      written += n
    }
    return nil
  }
  if let code = writeError {
    close(fd)
    throw failure("write", code)
  }
  guard fsync(fd) == 0 else {
    let code = errno
    close(fd)
    throw failure("flush to disk", code)
  }
  guard close(fd) == 0 else { throw failure("close", errno) }
  guard rename(temp, path) == 0 else { throw failure("rename the temporary file into place", errno) }
  ok = true
  // Make the rename durable (best effort; some file systems refuse fsync on directories).
  let dfd = open(directory, O_RDONLY | O_CLOEXEC)
  if dfd >= 0 {
    _ = fsync(dfd)
    close(dfd)
  }
}

/// Writes text as UTF-8, atomically; see `writeAtomically(_:to:)` for bytes.
public func writeAtomically(_ text: String, to path: String) throws {
  try writeAtomically(Array(text.utf8), to: path)
}

/// Distinguishes temporary files of concurrent writes within one process.
enum AtomicWriteCounter {
  private static let counter = Atomic<Int>(0)
  static func next() -> Int { counter.add(1, ordering: .relaxed).newValue }
}

/// Checks, before any work, that an output file can be written where it is asked for: it
/// is none of the run's inputs (a report over the data would destroy them), not a
/// directory, and its directory exists and is writable or can be created (its nearest
/// existing ancestor is a writable directory; `OutputDirectory.writeFile` creates it when
/// writing). Without this a long fit could fail only at its end.
///
/// - Parameters:
///   - path: the output file as the user named it.
///   - option: the option that named it (`--report`), for the message.
///   - inputs: the run's input files.
/// - Throws: `InputError` at `path`.
public func checkOutputFile(_ path: String, option: String, inputs: [String]) throws {
  let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
  for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == url {
    throw InputError("\(option) names the input file \(input); expected a new path (the output would overwrite it)",
                     at: SourceLocation(file: path))
  }
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
    throw InputError("\(option): is a directory; expected a file path", at: SourceLocation(file: path))
  }
  try checkWritableDirectory(url.deletingLastPathComponent(), option: option, for: path)
}

/// The same for an output directory, which is created with its missing parents when the
/// outputs are written: it must be a writable directory if it exists, and otherwise its
/// nearest existing ancestor must be a writable directory.
public func checkOutputDirectory(_ path: String, option: String) throws {
  let url = URL(fileURLWithPath: path).standardizedFileURL
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
    throw InputError("\(option): exists and is not a directory; expected an output directory", at: SourceLocation(file: path))
  }
  try checkWritableDirectory(url, option: option, for: path)
}

/// `directory` (existing) or its nearest existing ancestor must be a directory in which
/// a file can be created: a probe file is made and removed at once (this also catches a
/// read-only file system, which permissions do not show, and works for root).
func checkWritableDirectory(_ directory: URL, option: String, for path: String) throws {
  var url = directory
  var isDirectory: ObjCBool = false
  while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && url.path != "/" {
    url = url.deletingLastPathComponent()
  }
  guard isDirectory.boolValue else {
    throw InputError("\(option): \(url.path) is a file; expected a directory path", at: SourceLocation(file: path))
  }
  let probe = url.appendingPathComponent(".feinvert-probe-\(getpid())-\(AtomicWriteCounter.next())").path
  let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
  guard fd >= 0 else {
    let reason = String(cString: strerror(errno))
    let what = url.standardizedFileURL == directory.standardizedFileURL ? "the directory \(url.path)" : "\(url.path), where its directory would be created,"
    throw InputError("\(option): cannot write in \(what) (\(reason)); expected a writable location",
                     at: SourceLocation(file: path))
  }
  close(fd)
  unlink(probe)
}
