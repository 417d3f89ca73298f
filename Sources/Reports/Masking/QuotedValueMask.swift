/// Masks quoted values in the reason of a rejection on a secret field. The rejected user has no
/// action in the plan, so their secret value is unknown here; what a mapper quotes in its
/// message (`value 'hunter2' is longer than 8 characters`) is the value, and goes.
///
/// A quote opens only at the start or after a space or `(:=[{,`, so the apostrophe in
/// "user's" does not; an unterminated quote masks the rest of the reason.
enum QuotedValueMask {
    static func masking(_ reason: String) -> String {
        guard reason.unicodeScalars.contains(where: isQuote) else { return reason }
        var result = ""
        var previous: Unicode.Scalar?
        var openQuote: Unicode.Scalar?
        for scalar in reason.unicodeScalars {
            if let quote = openQuote {
                if scalar == closing(of: quote) {
                    result += SecretMask.placeholder
                    result.unicodeScalars.append(scalar)
                    openQuote = nil
                }
            } else {
                result.unicodeScalars.append(scalar)
                if isQuote(scalar) && previous.map(opensQuote) ?? true {
                    openQuote = scalar
                }
            }
            previous = scalar
        }
        if openQuote != nil { result += SecretMask.placeholder }
        return result
    }

    private static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        "'\"`“‘«".unicodeScalars.contains(scalar)
    }

    private static func closing(of quote: Unicode.Scalar) -> Unicode.Scalar {
        switch quote {
        case "“": "”"
        case "‘": "’"
        case "«": "»"
        default: quote
        }
    }

    private static func opensQuote(after scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "(:=[{,".unicodeScalars.contains(scalar)
    }
}
