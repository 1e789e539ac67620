fn main() {
    std::process::exit(course_export::cli::main());
}
