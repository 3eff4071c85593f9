package io.wghub.gateway.cli;

/** Entry point of the wghub command (placeholder until the commands land). */
public final class Main {
    public static void main(String[] args) {
        System.out.println("wghub");
    }
}
