from portal import create_app
from portal.config import TestConfig


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}


def test_healthz_is_503_when_the_database_is_unreachable():
    config = TestConfig()
    config.DATABASE_URL = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=1"
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] is False
