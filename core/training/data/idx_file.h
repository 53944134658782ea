#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace clipdesk {

// An array of unsigned bytes from an IDX file (the MNIST format).
struct IdxArray {
    std::vector<std::size_t> dims;  // outermost first: [items, rows, columns] for images
    std::vector<std::uint8_t> data;
};

// Reads an IDX file of unsigned bytes with `expectedDims` dimensions, gzip-compressed or not:
// magic number 0x0000_08_NN (NN = dimensions), one big-endian 32-bit size per dimension, then
// exactly the product of the sizes in bytes. Throws PairsFileError naming the file when the
// file cannot be read, the gzip data is corrupt or truncated, the magic number differs, or
// the data is shorter or longer than the header says.
IdxArray readIdxFile(const std::string& path, int expectedDims);

}  // namespace clipdesk
