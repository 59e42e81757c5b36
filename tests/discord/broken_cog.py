"""An extension that fails in setup, for /admin reload-cogs tests (not in the cogs package)."""


async def setup(bot) -> None:
    raise RuntimeError("this extension is broken on purpose")
