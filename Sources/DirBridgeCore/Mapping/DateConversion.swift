import Foundation

/// Directory timestamps → vendor dates, without Calendar/DateFormatter on the default path
/// (100k users × several date fields must stay cheap).
///
/// Input: LDAP GeneralizedTime (`20240131120000Z`, `20240131120000.5+0100`, minutes/seconds
/// optional; no zone means UTC) or an AD FILETIME integer (100 ns ticks since 1601, as in
/// `accountExpires`, `pwdLastSet`), where `0` and `9223372036854775807` mean "never" and render empty.
package struct DateConversion: Hashable, Sendable {
    /// A `DateFormatter` pattern (`yyyy-MM-dd`); nil means ISO-8601 with offset,
    /// `2024-01-31T12:00:00+00:00`.
    package let format: String?
    /// IANA time-zone identifier for the output; UTC when nil.
    package let timeZone: String?
    private let zone: TimeZone
    private let formatter: LockedDateFormatter?

    package init(format: String? = nil, timeZone: String? = nil) throws(DateConversionError) {
        self.format = format
        self.timeZone = timeZone
        let zone: TimeZone
        if let timeZone {
            guard let named = TimeZone(identifier: timeZone) else { throw DateConversionError(reason: "unknown time zone '\(timeZone)'") }
            zone = named
        } else {
            zone = TimeZone(identifier: "UTC")!
        }
        self.zone = zone
        formatter = format.map { LockedDateFormatter(format: $0, timeZone: zone) }
    }

    package static func == (lhs: DateConversion, rhs: DateConversion) -> Bool {
        lhs.format == rhs.format && lhs.timeZone == rhs.timeZone
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(format)
        hasher.combine(timeZone)
    }

    /// The converted value; nil for AD's "never" values.
    package func convert(_ text: String) throws(DateConversionError) -> String? {
        guard let seconds = try Self.unixSeconds(from: text) else { return nil }
        if let formatter { return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return Self.iso8601(seconds + Int64(offset), offsetSeconds: offset)
    }

    /// Seconds since 1970 of a GeneralizedTime or FILETIME value; nil for AD's "never" values.
    package static func unixSeconds(from text: String) throws(DateConversionError) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw DateConversionError(reason: "empty date value") }
        // All digits is a FILETIME unless it has the length of a zone-less GeneralizedTime
        // (YYYYMMDDHH[MM[SS]]); real FILETIMEs of this era have 18 digits.
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && bytes.count != 14 && bytes.count != 12 && bytes.count != 10 {
            guard let ticks = Int64(text) else { throw DateConversionError(reason: "FILETIME '\(text)' is out of range") }
            if ticks == 0 || ticks == Int64.max { return nil }
            return ticks / 10_000_000 - 11_644_473_600
        }
        return try generalizedTime(bytes, text: text)
    }

    private static func generalizedTime(_ bytes: [UInt8], text: String) throws(DateConversionError) -> Int64 {
        let invalid = DateConversionError(reason: "'\(text)' is neither LDAP GeneralizedTime (YYYYMMDDHHMMSSZ) nor an AD FILETIME integer")
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        guard let year = number(4), let month = number(2), let day = number(2), let hour = number(2) else { throw invalid }
        let minute = isDigit(index) ? number(2) : 0
        let second = minute != nil && isDigit(index) ? number(2) : 0
        guard let minute, let second else { throw invalid }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard isDigit(index) else { throw invalid }
            while isDigit(index) { index += 1 }
        }
        var offset: Int64 = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let offsetHours = number(2) else { throw invalid }
                let offsetMinutes = isDigit(index) ? number(2) : 0
                guard let offsetMinutes, offsetHours < 24, offsetMinutes < 60 else { throw invalid }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                throw invalid
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            throw invalid
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + second - offset
    }

    static func iso8601(_ localSeconds: Int64, offsetSeconds: Int) -> String {
        let days = localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400
        let secondOfDay = localSeconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let offset = Int64(abs(offsetSeconds))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))\(sign)\(pad(offset / 3600, 2)):\(pad(offset % 3600 / 60, 2))"
    }

    // Howard Hinnant's proleptic Gregorian day algorithms.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

package struct DateConversionError: Error, Hashable, Sendable {
    package var reason: String
}

/// DateFormatter is not Sendable; mappings are shared across tasks, so access is serialized.
private final class LockedDateFormatter: @unchecked Sendable {
    private let lock = NSLock()
    private let formatter: DateFormatter

    init(format: String, timeZone: TimeZone) {
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = format
        formatter.timeZone = timeZone
    }

    func string(from date: Date) -> String {
        lock.lock()
        defer { lock.unlock() }
        return formatter.string(from: date)
    }
}
