import DirBridgeCore
import Testing

@Suite struct UTF8ValidationTests {
    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        let samples: [[UInt8]] = [
            Array("Zoë Ångström 😀".utf8), [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0x80], [0xC3], [0xC3, 0x28], [],
        ]
        var generator = SystemRandomNumberGenerator()
        // Random bytes drawn mostly from the ranges where the rules bite.
        let random = (0..<5_000).map { _ in
            (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                [UInt8.random(in: 0x80...0xF5, using: &generator), UInt8.random(in: 0x80...0xBF, using: &generator),
                 UInt8(ascii: "a")].randomElement(using: &generator)!
            }
        }
        for bytes in samples + random {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer(UTF8Validation.isWellFormed) == expected, "\(bytes)")
        }
    }
}
