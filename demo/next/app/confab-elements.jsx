"use client";
/** Defines Confab's elements in the browser. */
import { useEffect } from "react";

export function ConfabElements() {
  useEffect(() => {
    import("confab/widget");
  }, []);
  return null;
}
