import Foundation

/// What an operator needs to know about a server certificate: who it names, who issued it and
/// when it stops being valid. Read from the DER bytes the TLS library hands over, so the
/// directory (GnuTLS under libldap) and the targets (OpenSSL under libcurl) report alike.
package struct CertificateSummary: Sendable, Equatable {
    package var subject: String
    package var issuer: String
    package var notBefore: Date
    package var notAfter: Date

    package init(subject: String, issuer: String, notBefore: Date, notAfter: Date) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    package struct ParseError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Parses an X.509 certificate (RFC 5280): tbsCertificate's issuer, validity and subject.
    package init(der: [UInt8]) throws(ParseError) {
        do {
            var outer = DERReader(der[...])
            var certificate = DERReader(try outer.read(0x30, "certificate").content)
            var tbs = DERReader(try certificate.read(0x30, "tbsCertificate").content)
            if try tbs.read().tag == 0xA0 { _ = try tbs.read() }  // explicit [0] version, then the serial
            _ = try tbs.read(0x30, "signature algorithm")
            let issuer = try Self.name(try tbs.read(0x30, "issuer").content)
            var validity = DERReader(try tbs.read(0x30, "validity").content)
            let notBefore = try Self.time(try validity.read())
            let notAfter = try Self.time(try validity.read())
            let subject = try Self.name(try tbs.read(0x30, "subject").content)
            self.init(subject: subject, issuer: issuer, notBefore: notBefore, notAfter: notAfter)
        } catch {
            throw ParseError(description: "not an X.509 certificate: \(error.description)")
        }
    }

    /// The first certificate of a PEM text (`-----BEGIN CERTIFICATE-----`).
    package init(pem: String) throws(ParseError) {
        let body = pem.split(whereSeparator: \.isNewline)
            .drop { !$0.hasPrefix("-----BEGIN CERTIFICATE-----") }.dropFirst()
            .prefix { !$0.hasPrefix("-----END CERTIFICATE-----") }
            .joined()
        guard let der = Data(base64Encoded: body) else { throw ParseError(description: "not a PEM certificate") }
        try self.init(der: Array(der))
    }

    /// Whole days from `now` until the certificate expires (negative once it has).
    package func daysRemaining(from now: Date = Date()) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    /// RFC 4514 order (most specific first), attribute types by their usual short names.
    private static func name(_ content: ArraySlice<UInt8>) throws(DERReader.MalformedError) -> String {
        var parts: [String] = []
        var rdns = DERReader(content)
        while !rdns.isAtEnd {
            var set = DERReader(try rdns.read(0x31, "relative distinguished name").content)
            while !set.isAtEnd {
                var pair = DERReader(try set.read(0x30, "attribute").content)
                let oid = try pair.read(0x06, "attribute type").content
                let value = try pair.read()
                parts.append("\(shortName(oid: oid))=\(String(decoding: value.content, as: UTF8.self))")
            }
        }
        return parts.reversed().joined(separator: ",")
    }

    private static func time(_ element: DERReader.Element) throws(DERReader.MalformedError) -> Date {
        let text = String(decoding: element.content, as: UTF8.self)
        let format: String
        switch element.tag {
        case 0x17: format = "yyMMddHHmmss'Z'"  // UTCTime: RFC 5280 puts 50–99 in the 1900s
        case 0x18: format = "yyyyMMddHHmmss'Z'"
        default: throw DERReader.MalformedError(description: "validity: tag \(element.tag) is not a time")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        if element.tag == 0x17 {
            formatter.twoDigitStartDate = Date(timeIntervalSince1970: -631_152_000)  // 1950-01-01
        }
        guard let date = formatter.date(from: text) else {
            throw DERReader.MalformedError(description: "validity: \(text) is not a time")
        }
        return date
    }

    private static func shortName(oid: ArraySlice<UInt8>) -> String {
        switch Array(oid) {
        case [0x55, 0x04, 0x03]: "CN"
        case [0x55, 0x04, 0x06]: "C"
        case [0x55, 0x04, 0x07]: "L"
        case [0x55, 0x04, 0x08]: "ST"
        case [0x55, 0x04, 0x0A]: "O"
        case [0x55, 0x04, 0x0B]: "OU"
        case [0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19]: "DC"
        case [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01]: "emailAddress"
        default: dottedOID(oid)
        }
    }

    private static func dottedOID(_ oid: ArraySlice<UInt8>) -> String {
        guard let first = oid.first else { return "?" }
        var arcs = [Int(first) / 40, Int(first) % 40]
        var value = 0
        for byte in oid.dropFirst() {
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 {
                arcs.append(value)
                value = 0
            }
        }
        return arcs.map(String.init).joined(separator: ".")
    }
}
