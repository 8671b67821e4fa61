"""FastAPI on uvicorn (Debian's python3-fastapi / python3-uvicorn; uvloop + httptools when installed).

Handlers are `async def` (no thread-pool hop): FastAPI's fastest path, so ratios are not flattered.

Started by the driver as `python3 -m uvicorn fastapi_app:app --root-path /api/v1 ...`, so
`request.scope["root_path"]` is the root path, as in FastAPI's "Behind a Proxy" seed program.
"""
from typing import List

from fastapi import FastAPI, Request
from pydantic import BaseModel, Field, conint

app = FastAPI()


class AppResponse(BaseModel):
    message: str
    root_path: str


class ItemBody(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    price: float = Field(ge=0)
    tags: List[str] = Field(max_items=10)


class ItemResponse(BaseModel):
    id: int
    name: str
    price: float
    tags: List[str]


@app.get("/app", response_model=AppResponse)
async def read_main(request: Request):
    return {"message": "Hello World", "root_path": request.scope.get("root_path")}


@app.post("/items/{item_id}", response_model=ItemResponse)
async def create_item(item_id: conint(ge=1), item: ItemBody):
    return {"id": item_id, "name": item.name, "price": item.price, "tags": item.tags}
