// Field layouts of the device-id structs, read from the tree's include/linux/mod_devicetable.h.
//
// file2alias turns table entries into aliases by reading named fields of `struct pci_device_id`,
// `struct usb_device_id`, ... The field lists differ between kernel versions, so they are read
// from the header rather than written down here. The initializer reader needs only the shape of
// each struct (member order, which members are arrays or nested structs) and the alias writer
// needs each integer's width (ADD() prints 2, 4 or 8 hex digits by sizeof(field)); byte offsets
// and padding do not matter.
//
// Every struct is flattened into "slots": one slot per scalar leaf (integer, pointer, bitfield,
// each element of an array). A field's slot is its first leaf; `matches[4]` of
// `struct dmi_strmatch { slot:7; exact_match:1; substr[79]; }` takes 4 * 81 slots.
#pragma once

#include "common/diagnostic.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw::devtable {

struct FieldType {
    enum class Kind : uint8_t { Int, Pointer, Struct };
    Kind kind = Kind::Int;
    uint8_t bits = 0;           // Int: 8, 16, 32 or 64; Pointer: 64
    bool is_signed = false;
    uint32_t struct_index = 0;  // Struct: index into Layouts

    bool is_byte() const { return kind == Kind::Int && bits == 8; }
};

struct Field {
    std::string name;
    FieldType type;
    uint32_t count = 0;       // array length; 0 for a non-array member
    uint8_t bit_width = 0;    // bitfield width; 0 for an ordinary member
    uint32_t slot = 0;        // first leaf slot, relative to the struct
    uint32_t elem_slots = 1;  // slots taken by one element (the whole member if not an array)

    bool is_array() const { return count > 0; }
    // char/__u8 arrays may be initialised from a string literal.
    bool is_byte_array() const { return count > 0 && type.is_byte(); }
};

struct StructLayout {
    std::string name;  // "pci_device_id"; "" for an anonymous nested struct
    std::vector<Field> fields;
    uint32_t slots = 0;

    const Field* field(std::string_view name) const;
    int field_index(std::string_view name) const;  // -1 if absent
};

// A member reached by a path such as "matches[2].substr", "devs[0].id", "guid.b[3]", "evbit".
struct Leaf {
    FieldType type;
    uint32_t slot = 0;   // relative to the outermost struct
    uint32_t count = 0;  // array length if the path ends at an array member
    uint8_t bit_width = 0;
};

struct LayoutOptions {
    // Constants the header uses but does not define (file2alias supplies them for the target).
    std::map<std::string, int64_t, std::less<>> predefined = {{"BITS_PER_LONG", 64}, {"UUID_STRING_LEN", 36}};
};

class Layouts {
public:
    // Reads every `struct NAME { ... }` (nested structs included), every enum and every
    // object-like #define with an integer value. `path` is used in diagnostics. Structs whose
    // members cannot be understood are left out with a warning; the others remain usable.
    static Layouts parse(std::string_view header, std::string_view path, const LayoutOptions& options = {});

    const StructLayout* find(std::string_view struct_name) const;
    const StructLayout& at(uint32_t index) const { return m_structs[index]; }
    size_t size() const { return m_structs.size(); }

    // An integer #define or enum constant of the header ("PCI_ANY_ID" -> -1, "DMI_SYS_VENDOR" -> 6).
    std::optional<int64_t> constant(std::string_view name) const;

    std::optional<Leaf> resolve(const StructLayout& layout, std::string_view path) const;

    const Diagnostics& diagnostics() const { return m_diagnostics; }

private:
    friend class LayoutParser;
    std::vector<StructLayout> m_structs;
    std::unordered_map<std::string, uint32_t> m_by_name;
    std::unordered_map<std::string, int64_t> m_constants;
    Diagnostics m_diagnostics;
};

// Layouts::parse, with the header's diagnostics appended to `diagnostics`.
Layouts parse_layouts(std::string_view header, std::string_view path, Diagnostics& diagnostics,
                      const LayoutOptions& options = {});

}  // namespace hw::devtable
