#if canImport(Glibc)
import Glibc
#endif

/// Which boot of the machine this process runs in: a hash of `/proc/sys/kernel/random/boot_id`,
/// or 0 when that cannot be read.
///
/// The side index is updated without `fsync`: within one boot every process sees every completed
/// write, in order, so a header written last is enough to mark a complete update. A power loss or
/// kernel crash may keep some written pages and lose others, but it also starts a new boot; the
/// index records the boot that wrote it, and one from another boot is rebuilt. When the boot is
/// unknown (0) the index is synced before its header instead.
enum BootID {
    /// This boot's id, read once.
    static let current: UInt64 = {
        let descriptor = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let hash = IDHash.standard(String(decoding: buffer[0..<count], as: UTF8.self))
        return hash
    }()
}
