import CArgon2

/// A secret (a console password, a voicemail PIN) kept only as a salted Argon2id hash
/// in the PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), which carries its
/// own parameters, so hashes made with older costs still verify after the costs change.
///
/// ```swift
/// let stored = try SecretHash.make(for: "4711")
/// stored.matches("4711")   // true
/// stored.matches("4712")   // false
/// ```
public struct SecretHash: Sendable, Hashable, CustomStringConvertible {
    /// The PHC string, as stored in the database.
    public let encoded: String

    /// A hash read back from storage; nil when it is not an Argon2id PHC string.
    public init?(encoded: String) {
        guard encoded.hasPrefix("$argon2id$") else { return nil }
        self.encoded = encoded
    }

    /// What hashing costs: memory in KiB, passes, lanes.
    public struct Cost: Sendable, Equatable {
        public var memoryKiB: UInt32
        public var iterations: UInt32
        public var lanes: UInt32

        public init(memoryKiB: UInt32, iterations: UInt32, lanes: UInt32 = 1) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.lanes = lanes
        }

        /// OWASP's smallest recommended Argon2id setting (19 MiB, 2 passes): tens of
        /// milliseconds on a small board, once per login.
        public static let standard = Cost(memoryKiB: 19 * 1024, iterations: 2)
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// libargon2's own error code and message.
        case argon2(code: Int32, message: String)

        public var description: String {
            switch self {
            case let .argon2(code, message): "argon2 error \(code): \(message)"
            }
        }
    }

    static let saltBytes = 16
    static let hashBytes = 32

    /// Hashes `secret` with a fresh random salt.
    public static func make(for secret: String, cost: Cost = .standard) throws(Failure) -> SecretHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let length = argon2_encodedlen(cost.iterations, cost.memoryKiB, cost.lanes,
                                       UInt32(saltBytes), UInt32(hashBytes), Argon2_id)
        var text = [CChar](repeating: 0, count: length)
        let password = Array(secret.utf8)
        let code = argon2id_hash_encoded(cost.iterations, cost.memoryKiB, cost.lanes,
                                         password, password.count, salt, salt.count,
                                         hashBytes, &text, length)
        guard code == ARGON2_OK.rawValue else { throw .argon2(code: code, message: Self.message(for: code)) }
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return SecretHash(unchecked: String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `secret` is the one hashed (in constant time, by libargon2).
    public func matches(_ secret: String) -> Bool {
        let password = Array(secret.utf8)
        return argon2id_verify(encoded, password, password.count) == ARGON2_OK.rawValue
    }

    /// Never the hash itself: descriptions end up in logs.
    public var description: String { "SecretHash(argon2id)" }

    private init(unchecked encoded: String) { self.encoded = encoded }

    private static func message(for code: Int32) -> String {
        guard let text = argon2_error_message(code) else { return "unknown" }
        return String(cString: text)
    }
}
