/** An application that uses Panagrad as a named module. */
module io.github.panagrad.consumer {
    requires io.github.panagrad;
}
