extension DirectoryUser {
    /// The user as one line of JSON (`dirbridge read --format jsonl`), the shape its `Codable`
    /// form has (keys sorted, attribute names in UTF-8 order), written straight into `output`:
    /// printing 100k users must not cost more than reading them, and a Foundation encoder per
    /// user did.
    package func appendJSONLine(to output: inout [UInt8]) {
        output.append(contentsOf: #"{"anchor":"#.utf8)
        JSONString.write(anchor.value, into: &output)
        output.append(contentsOf: #","attributes":{"#.utf8)
        var first = true
        // Held in UTF-8 name order, the canonical key order.
        attributeValues.forEach { name, values in
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONString.write(name, into: &output)
            output.append(UInt8(ascii: ":"))
            Self.appendArray(values, to: &output)
        }
        output.append(contentsOf: #"},"dn":"#.utf8)
        JSONString.write(dn, into: &output)
        output.append(contentsOf: (enabled ? #","enabled":true,"groups":"# : #","enabled":false,"groups":"#).utf8)
        Self.appendArray(groups, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    private static func appendArray(_ values: some Collection<String>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONString.write(value, into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
