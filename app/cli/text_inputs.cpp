#include "text_inputs.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace clipdesk::cli {

void InputList::declare(CLI::App* cmd, const std::string& name, const std::string& description) {
    cmd->add_option(name, items, description + " (arguments after -- are taken literally)");
    cmd->add_flag("--stdin", fromStdin, "Read " + name + " from standard input, one JSON string per line");
}

std::vector<std::string> InputList::collect() const {
    std::vector<std::string> all = items;
    if (!fromStdin) return all;
    std::string line;
    for (long number = 1; std::getline(std::cin, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            throw std::runtime_error("stdin line " + std::to_string(number) + ": not valid JSON (" + e.what() + ")");
        }
        if (!value.is_string())
            throw std::runtime_error("stdin line " + std::to_string(number) + ": expected a JSON string, got " +
                                     value.type_name());
        all.push_back(value.get<std::string>());
    }
    return all;
}

}  // namespace clipdesk::cli
