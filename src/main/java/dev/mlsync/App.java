package dev.mlsync;
public final class App { public static void main(String[] a) { System.out.println("hi"); } }
